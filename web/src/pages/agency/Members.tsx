import { type FormEvent, useState } from 'react';
import { api, listOf, type Me, problemMessage } from '../../api';
import { ErrorNote, Loading, ScrollRegion } from '../../components/ui';
import { formatDate } from '../../format';
import { useApi } from '../../use_api';
import { agencyPath, type Member } from './agency_api';

const roleLabels: Record<string, string> = { agency_owner: 'Owner', agency_member: 'Member' };

function rolesOf(member: Member): string {
  const named = member.roles.map((role) => roleLabels[role]).filter(Boolean);
  return named.length > 0 ? named.join(', ') : member.roles.join(', ');
}

export function MembersPage({ agencyId, me }: { agencyId: string; me: Me }) {
  const members = useApi<unknown>(agencyPath(agencyId, '/members'));
  const rows = listOf<Member>(members.data, 'members');
  const isOwner = me.roles.includes('agency_owner');
  const [error, setError] = useState<string | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  const remove = async (member: Member) => {
    setError(null);
    setRemoved(null);
    try {
      await api('DELETE', agencyPath(agencyId, `/members/${encodeURIComponent(member.userId)}`));
      setRemoved(`${member.email} was removed and signed out.`);
      members.reload();
    } catch (failure) {
      setError(problemMessage(failure));
    }
  };
  return (
    <section>
      <h1>Members</h1>
      {isOwner ? (
        <InviteForm agencyId={agencyId} onInvited={members.reload} />
      ) : (
        <p className="muted">Owners of the workspace invite and remove people; ask one of them.</p>
      )}
      <ErrorNote message={members.error ?? error} />
      <p role="status" className="muted">
        {removed ?? ''}
      </p>
      {members.data === null && members.loading ? <Loading what="the members" /> : null}
      {rows.length > 0 ? (
        <ScrollRegion label="Members">
          <table>
            <caption className="visually-hidden">People in this workspace</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
                {isOwner ? (
                  <th scope="col">
                    <span className="visually-hidden">Action</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((member) => (
                <tr key={member.userId}>
                  <td>
                    {member.email}
                    {member.userId === me.user.id ? <span className="badge">you</span> : null}
                  </td>
                  <td>{rolesOf(member)}</td>
                  <td>{formatDate(member.createdAt)}</td>
                  {isOwner ? (
                    <td>
                      {member.userId !== me.user.id ? (
                        <button type="button" className="secondary" onClick={() => remove(member)}>
                          Remove <span className="visually-hidden">{member.email}</span>
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      {members.data !== null && rows.length <= 1 && isOwner ? (
        <p className="muted">Only you so far: invite the people who run client projects with you.</p>
      ) : null}
    </section>
  );
}

function InviteForm({ agencyId, onInvited }: { agencyId: string; onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'agency_member' | 'agency_owner'>('agency_member');
  const [error, setError] = useState<string | null>(null);
  const [invited, setInvited] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setInvited(null);
    try {
      const member = await api<Member>('POST', agencyPath(agencyId, '/members'), {
        email: email.trim(),
        role,
      });
      setInvited(`${member.email} is invited: a sign-in link is on its way to them.`);
      setEmail('');
      onInvited();
    } catch (failure) {
      setError(problemMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <label htmlFor="invite-email">Email</label>
      <input
        id="invite-email"
        type="email"
        required
        maxLength={320}
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <label htmlFor="invite-role">Role</label>
      <select
        id="invite-role"
        value={role}
        onChange={(event) => setRole(event.target.value as 'agency_member' | 'agency_owner')}
      >
        <option value="agency_member">Member: works on projects and hand-offs</option>
        <option value="agency_owner">Owner: also invites and removes people</option>
      </select>
      <ErrorNote message={error} />
      <button type="submit" disabled={busy}>
        {busy ? 'Inviting…' : 'Send invitation'}
      </button>
      <p role="status" className="muted">
        {invited ?? ''}
      </p>
    </form>
  );
}
