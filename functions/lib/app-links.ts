/**
 * Where a reminder's "Mark paid" action opens the Bills page (notifications and Discord link
 * here): the bill or card and the due date it is about.
 */
export const billPayLink = (billId: string, dueDate: string) =>
  `/bills?pay=${encodeURIComponent(billId)}&due=${encodeURIComponent(dueDate)}`;
export const cardPayLink = (accountId: string, dueDate: string) =>
  `/bills?card=${encodeURIComponent(accountId)}&due=${encodeURIComponent(dueDate)}`;
