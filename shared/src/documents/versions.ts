// steps[n] turns a version-n snapshot into version n + 1.
export type SnapshotUpgrades = Partial<
  Record<number, (snapshot: Record<string, unknown>) => Record<string, unknown>>
>;

/**
 * Brings an exported or stored snapshot of an older version up to `targetVersion`. Anything it cannot upgrade
 * (not an object, no version, a version without steps) is returned as it is, for the schema to report.
 */
export function upgradeSnapshot(raw: unknown, targetVersion: number, steps: SnapshotUpgrades): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  let snapshot = raw as Record<string, unknown>;
  const version = snapshot.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version >= targetVersion) return raw;
  for (let from = version; from < targetVersion; from += 1) {
    const step = steps[from];
    if (!step) return raw;
    snapshot = step(snapshot);
  }
  return snapshot;
}
