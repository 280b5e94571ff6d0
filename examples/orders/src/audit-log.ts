const auditEntries: { action: string, userId: string }[] = []

export async function writeAuditEntry(action: string, userId: string | undefined): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, 150))
  if (!userId) {
    throw new Error(`audit entry "${action}" has no userId`)
  }
  auditEntries.push({ action, userId })
}
