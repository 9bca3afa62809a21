import { EmptyState } from '../../components/ui';

/** Said where this server has no endpoint for a part of the console yet (an older server version). */
export function NotOffered({ what, endpoint }: { what: string; endpoint: string }) {
  return (
    <EmptyState title={`This server does not offer ${what} yet.`}>
      <p>
        The console calls <code>{endpoint}</code>, which this server version does not have. Update the server
        to a version with it; everything else in the console keeps working.
      </p>
    </EmptyState>
  );
}
