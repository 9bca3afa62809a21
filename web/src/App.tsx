import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { loadMe, type Me } from './api';
import { Layout } from './components/Layout';
import { ErrorNote, Loading } from './components/ui';
import { ApplyPage } from './pages/Apply';
import { agencyPageTitle, hasAgencyRole, isAgencyPath } from './pages/agency/agency_routes';
import { EarningsPage } from './pages/Earnings';
import { FunnelPage } from './pages/Funnel';
import { LinksPage } from './pages/Links';
import { PayoutAccountPage } from './pages/PayoutAccount';
import { PayoutsPage } from './pages/Payouts';
import { ReferralsPage } from './pages/Referrals';
import { SignInPage } from './pages/SignIn';
import { useRoute } from './router';

// The program manager's console is its own chunk: affiliates never download it.
const ManagerConsole = lazy(() =>
  import('./pages/manager/Console').then((module) => ({ default: module.ManagerConsole })),
);

// The agency's workspace is its own chunk too: only agencies' people download it.
const AgencyWorkspace = lazy(() =>
  import('./pages/agency/Workspace').then((module) => ({ default: module.AgencyWorkspace })),
);

const titles: Record<string, string> = {
  '/apply': 'Apply',
  '/dashboard': 'Funnel',
  '/dashboard/links': 'Links',
  '/dashboard/referrals': 'Referrals',
  '/dashboard/earnings': 'Earnings',
  '/dashboard/payouts': 'Payouts',
  '/dashboard/payout-account': 'Payout account',
  '/manager': 'Applications',
  '/manager/kpis': 'Program KPIs',
  '/manager/fraud': 'Fraud review',
  '/manager/payout-runs': 'Payout runs',
  '/manager/reconciliation': 'Reconciliation',
  '/manager/settings': 'Program settings',
};

export function App() {
  const { path, navigate } = useRoute();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadMe()
      .then(setMe)
      .catch((failure: Error) => setError(failure.message));
  }, []);
  const shownPath = useRef<string | null>(null);
  useEffect(() => {
    document.title = `${titles[path] ?? agencyPageTitle(path) ?? 'Sign in'} · EmDash Affiliates`;
    // After a client-side page change, keyboard and screen-reader users start at the new content.
    if (shownPath.current !== null && shownPath.current !== path) document.getElementById('main')?.focus();
    shownPath.current = path;
  }, [path]);
  useEffect(() => {
    if (!me || (path !== '/' && path !== '/sign-in')) return;
    if (me.affiliateId && hasAgencyRole(me.roles)) navigate('/agency');
    else if (me.affiliateId) navigate('/dashboard');
    else if (me.roles.includes('program_manager')) navigate('/manager');
  }, [me, path, navigate]);

  if (error) {
    return (
      <Layout me={null}>
        <ErrorNote message={`The service did not answer: ${error}`} />
      </Layout>
    );
  }
  if (me === undefined) {
    return (
      <Layout me={null}>
        <Loading what="your account" />
      </Layout>
    );
  }
  return <Layout me={me}>{page(path, me)}</Layout>;
}

function page(path: string, me: Me | null) {
  if (path === '/apply') return <ApplyPage />;
  if (!me) return <SignInPage />;
  const affiliateId = me.affiliateId;
  const isManager = me.roles.includes('program_manager');
  if (isManager && (path === '/manager' || path.startsWith('/manager/'))) return managerConsole(path);
  if (affiliateId && hasAgencyRole(me.roles) && isAgencyPath(path)) {
    return (
      <Suspense fallback={<Loading what="the workspace" />}>
        <AgencyWorkspace path={path} agencyId={me.agencyId ?? affiliateId} me={me} />
      </Suspense>
    );
  }
  if (affiliateId) {
    if (path === '/dashboard/links') return <LinksPage affiliateId={affiliateId} />;
    if (path === '/dashboard/referrals') return <ReferralsPage affiliateId={affiliateId} />;
    if (path === '/dashboard/earnings') return <EarningsPage affiliateId={affiliateId} />;
    if (path === '/dashboard/payouts') return <PayoutsPage affiliateId={affiliateId} />;
    if (path === '/dashboard/payout-account') return <PayoutAccountPage affiliateId={affiliateId} />;
    return <FunnelPage affiliateId={affiliateId} />;
  }
  if (isManager) return managerConsole('/manager');
  return (
    <section>
      <h1>Welcome</h1>
      <p>
        Your account has no affiliate profile yet. If you applied, you will get an email once it is approved.
      </p>
    </section>
  );
}

function managerConsole(path: string) {
  return (
    <Suspense fallback={<Loading what="the console" />}>
      <ManagerConsole path={path} />
    </Suspense>
  );
}
