/** The reason, trimmed, or an error message when it is blank (the server refuses blanks too). */
export function checkReason(reason: string): { reason: string } | { error: string } {
  const trimmed = reason.trim();
  return trimmed === ''
    ? { error: 'Give a reason: it is recorded in the audit log.' }
    : { reason: trimmed };
}
