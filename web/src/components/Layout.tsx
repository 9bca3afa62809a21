import type { ReactNode } from 'react';
import { api, type Me } from '../api';
import { agencyNav, hasAgencyRole } from '../pages/agency/agency_routes';
import { Link } from '../router';

const affiliateNav = [
  { to: '/dashboard', label: 'Funnel' },
  { to: '/dashboard/links', label: 'Links' },
  { to: '/dashboard/referrals', label: 'Referrals' },
  { to: '/dashboard/earnings', label: 'Earnings' },
  { to: '/dashboard/payouts', label: 'Payouts' },
];

const managerNav = [
  { to: '/manager', label: 'Applications' },
  { to: '/manager/kpis', label: 'KPIs' },
  { to: '/manager/fraud', label: 'Fraud review' },
  { to: '/manager/payout-runs', label: 'Payout runs' },
  { to: '/manager/reconciliation', label: 'Reconciliation' },
  { to: '/manager/settings', label: 'Settings' },
];

export function Layout({ me, children }: { me: Me | null; children: ReactNode }) {
  const nav = [
    ...(me?.affiliateId ? (hasAgencyRole(me.roles) ? agencyNav : affiliateNav) : []),
    ...(me?.roles.includes('program_manager') ? managerNav : []),
  ];
  const signOut = async () => {
    await api('POST', '/v1/auth/sign-out').catch(() => undefined);
    window.location.assign('/');
  };
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="top-row">
          <Link to="/" className="brand">
            EmDash Affiliates
          </Link>
          {me ? (
            <div className="account">
              <span className="muted account-email">{me.user.email}</span>
              <button type="button" className="secondary" onClick={signOut}>
                Sign out
              </button>
            </div>
          ) : null}
        </div>
        {nav.length > 0 ? (
          <nav aria-label="Main">
            <ul>
              {nav.map((item) => (
                <li key={item.to}>
                  <Link to={item.to}>{item.label}</Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
