/** `lena@acme.io` → `l**@acme.io`: enough to recognise a referral, not to contact or probe it. Pure. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '**';
  return `${email[0]}**${email.slice(at)}`;
}
