import type { RiskRecord } from '../../../shared/domain.ts';
import type { Backend } from '../backend.ts';

export async function riskByRef(backend: Backend, ref: string): Promise<RiskRecord> {
  const r = (await backend.call('risks:list', {})).find((x) => x.ref === ref);
  if (!r) throw new Error(`No ${ref}`);
  return r;
}
