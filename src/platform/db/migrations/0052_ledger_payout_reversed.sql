-- A paid Stripe transfer reversed by the platform (transfer.reversed) brings the money back.
ALTER TABLE ledger_transfers DROP CONSTRAINT ledger_transfers_kind_check;
ALTER TABLE ledger_transfers ADD CONSTRAINT ledger_transfers_kind_check CHECK (kind IN (
  'commission_created', 'commission_vested', 'commission_eligible', 'commission_released',
  'commission_reversed', 'payout_sent', 'payout_paid', 'payout_failed', 'payout_reversed'));
