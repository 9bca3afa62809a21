import { ApplicationsPage } from './Applications';
import { FraudReviewPage } from './FraudReview';
import { KpisPage } from './Kpis';
import { PayoutRunsPage } from './PayoutRuns';
import { ReconciliationPage } from './Reconciliation';
import { SettingsPage } from './Settings';
import './console.css';

/** The program manager's console, loaded only when a manager opens it (kept out of the first load). */
export function ManagerConsole({ path }: { path: string }) {
  if (path === '/manager/kpis') return <KpisPage />;
  if (path === '/manager/fraud') return <FraudReviewPage />;
  if (path === '/manager/payout-runs') return <PayoutRunsPage />;
  if (path === '/manager/reconciliation') return <ReconciliationPage />;
  if (path === '/manager/settings') return <SettingsPage />;
  return <ApplicationsPage />;
}
