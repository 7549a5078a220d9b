/**
 * CodeDeliveryDetails.Destination as Cognito shows it: enough to recognise the address, not to learn it.
 * Email keeps the first letter of the local part and of the domain (a***@e***); phone keeps the last four digits.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***@${email[at + 1] ?? ""}***`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+/, "");
  const kept = digits.slice(-4);
  return `+${"*".repeat(Math.max(0, digits.length - kept.length))}${kept}`;
}
