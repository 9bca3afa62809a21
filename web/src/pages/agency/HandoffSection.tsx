import { type FormEvent, useState } from 'react';
import { api, problemMessage } from '../../api';
import { ErrorNote } from '../../components/ui';
import { formatDateTime } from '../../format';
import { type HandoffResult, type Project, projectApiPath } from './agency_api';

export const conflictMessage =
  'This team already belonged to another partner, so it was not attributed to you: the hand-off was sent to the program manager, who reviews both sides.';

export const unreferredMessage =
  "This team had already signed up without a referral, so it stays unattributed and earns no revenue share. Claim a client's domain before their people sign up.";

/** Hands the project to the client's team once, and then says how it went. */
export function HandoffSection({ project, onHandedOff }: { project: Project; onHandedOff: () => void }) {
  const [result, setResult] = useState<HandoffResult | null>(null);
  const handoff = project.handoff;
  return (
    <section className="card" aria-labelledby="handoff-heading">
      <h2 id="handoff-heading">Hand off to the client</h2>
      {handoff ? (
        <HandoffOutcome
          teamId={handoff.teamId}
          handedOffAt={handoff.handedOffAt}
          attributed={handoff.attributed}
          conflict={Boolean(handoff.conflictFlagId ?? result?.conflictFlagId)}
          configurationVersion={result?.configurationVersion ?? null}
        />
      ) : (
        <HandoffForm
          projectId={project.id}
          version={project.version}
          onDone={(done) => {
            setResult(done);
            onHandedOff();
          }}
        />
      )}
    </section>
  );
}

function HandoffOutcome(props: {
  teamId: string;
  handedOffAt: string;
  attributed: boolean;
  conflict: boolean;
  configurationVersion: number | null;
}) {
  return (
    <div role="status" data-testid="handoff-outcome">
      <p>
        Handed off to team <code>{props.teamId}</code> on {formatDateTime(props.handedOffAt)}
        {props.configurationVersion ? `, with configuration version ${props.configurationVersion}` : ''}.
      </p>
      {props.attributed ? (
        <p>
          The team is attributed to your agency for good: you earn 20 % of its paid invoices for 12 months
          (see Revenue share).
        </p>
      ) : (
        <p className="warning">{props.conflict ? conflictMessage : unreferredMessage}</p>
      )}
    </div>
  );
}

function HandoffForm({
  projectId,
  version,
  onDone,
}: {
  projectId: string;
  version: number;
  onDone: (result: HandoffResult) => void;
}) {
  const [teamId, setTeamId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(
        await api<HandoffResult>('POST', projectApiPath(projectId, '/handoff'), { teamId: teamId.trim() }),
      );
    } catch (failure) {
      setError(problemMessage(failure));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit}>
      <p className="muted">
        The client's team inherits configuration version {version} and your referral tag, and is attributed to
        your agency. A project is handed off once.
      </p>
      <label htmlFor="handoff-team">Client's EmDash team id</label>
      <input
        id="handoff-team"
        required
        maxLength={128}
        placeholder="team_…"
        value={teamId}
        onChange={(event) => setTeamId(event.target.value)}
      />
      <ErrorNote message={error} />
      <button type="submit" disabled={busy}>
        {busy ? 'Handing off…' : 'Hand off the project'}
      </button>
    </form>
  );
}
