/**
 * The board pack's Orange Book parts (issue 13): the objectives part and the controls-and-assurance appendix,
 * drawn from the part's model (shared/export/board-pack-orange.ts), so Part A never shows a confidential risk.
 * Both follow what comes before them on the page (the table, or Part B's list): the page footer carries the
 * marking, and a short list never makes a page of its own.
 */
import type { PackAssuranceAppendix, PackObjective } from '../../shared/export/board-pack-orange.ts';

/** Objectives, their plan RAG status, the risks that threaten them and the exposure those add up to. */
export function ObjectivesPart({ objectives, part }: { objectives: PackObjective[]; part: 'A' | 'B' }) {
  if (objectives.length === 0) return null;
  const id = `bp-objectives-title-${part}`;
  return (
    <section
      className="bp-page bp-objectives bp-flow"
      aria-labelledby={id}
      data-testid={`bp-objectives-${part}`}
    >
      <h2 id={id}>
        {part === 'A'
          ? 'Objectives and the risks to them'
          : 'Part B · Objectives and the exempt risks to them'}
      </h2>
      <p className="bp-note">
        RAG status is the plan&apos;s own. Exposure counts the linked{' '}
        {part === 'A' ? 'published ' : 'exempt '}
        risks: the highest current score, the risks per band and how many are outside tolerance.
      </p>
      <table className="bp-summary bp-objectives-table">
        <colgroup>
          <col className="bp-col-oref" />
          <col />
          <col className="bp-col-lead" />
          <col className="bp-col-rag" />
          <col className="bp-col-links" />
          <col className="bp-col-exposure" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">Objective</th>
            <th scope="col">Lead</th>
            <th scope="col">RAG status</th>
            <th scope="col">Linked risks</th>
            <th scope="col">Exposure</th>
          </tr>
        </thead>
        <tbody>
          {objectives.map((o) => (
            <tr key={o.ref} data-testid={`bp-objective-${o.ref}`}>
              <th scope="row" className="bp-ref">
                {o.ref}
              </th>
              <td>{o.title}</td>
              <td>{o.lead || '—'}</td>
              <td className={`bp-rag bp-rag-${o.status}`}>{o.statusLabel}</td>
              <td>{o.risks.length ? o.risks.join(', ') : 'None linked'}</td>
              <td>
                {o.highest === null ? (
                  'No scored risk'
                ) : (
                  <>
                    Highest {o.highest} {o.highestBand}
                    <span className="bp-exposure-bands">{o.bands}</span>
                    {o.outsideTolerance > 0 && (
                      <span className="bp-exposure-outside">◆ {o.outsideTolerance} outside tolerance</span>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The flagged risks grouped by why (the same reason for many risks is printed once). */
function groupFlags(flagged: PackAssuranceAppendix['flagged']): { reason: string; refs: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const f of flagged) {
    for (const reason of f.reasons) groups.set(reason, [...(groups.get(reason) ?? []), f.ref]);
  }
  return [...groups].map(([reason, refs]) => ({ reason, refs }));
}

/** Controls with their effectiveness, assurance by line, flagged risks and acceptances of tolerated risks. */
export function AssuranceAppendix({ appendix, part }: { appendix: PackAssuranceAppendix; part: 'A' | 'B' }) {
  const id = `bp-assurance-title-${part}`;
  const flags = groupFlags(appendix.flagged);
  // Nothing flagged or tolerated: one line instead of two empty lists, so a short part is not pushed onto a page of its own.
  const quiet = appendix.flagged.length === 0 && appendix.tolerated.length === 0;
  if (appendix.risks.length === 0 && appendix.tolerated.length === 0) {
    // Nothing recorded for any risk of the part (so each is flagged only for having no assurance): one line
    // after the table, not a part (and a near-empty page) of its own.
    return (
      <p className="bp-note bp-assurance-none" data-testid={`bp-assurance-${part}`}>
        No controls or assurance recorded for {part === 'A' ? 'these risks' : 'the exempt risks'} yet, so the
        controls-and-assurance appendix is left out
        {appendix.flagged.length > 0 &&
          (appendix.flagged.length === 1
            ? ' and the risk is counted as an assurance gap'
            : ` and all ${appendix.flagged.length} are counted as assurance gaps`)}
        .
      </p>
    );
  }
  return (
    <section
      className="bp-page bp-assurance bp-flow"
      aria-labelledby={id}
      data-testid={`bp-assurance-${part}`}
    >
      <h2 id={id}>
        {part === 'A' ? 'Appendix · Controls and assurance' : 'Part B · Controls and assurance (exempt)'}
      </h2>
      {quiet ? (
        <p className="bp-note">No risk here is flagged, and none is tolerated above appetite.</p>
      ) : (
        <div className="bp-assurance-top">
          <div>
            <h3>Flagged ({appendix.flagged.length})</h3>
            {flags.length === 0 ? (
              <p>No risk is flagged.</p>
            ) : (
              <table className="bp-summary bp-flags" data-testid={`bp-flags-${part}`}>
                <thead>
                  <tr>
                    <th scope="col">Why flagged</th>
                    <th scope="col">Risks</th>
                  </tr>
                </thead>
                <tbody>
                  {flags.map((g) => (
                    <tr key={g.reason}>
                      <td>{g.reason}</td>
                      <td className="bp-refs">{g.refs.join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div>
            <h3>Tolerated above appetite ({appendix.tolerated.length})</h3>
            {appendix.tolerated.length === 0 ? (
              <p>None.</p>
            ) : (
              <table className="bp-summary bp-tolerated" data-testid={`bp-tolerated-${part}`}>
                <thead>
                  <tr>
                    <th scope="col">Risk</th>
                    <th scope="col">Accepted by</th>
                    <th scope="col">Why</th>
                    <th scope="col">Until</th>
                  </tr>
                </thead>
                <tbody>
                  {appendix.tolerated.map((t) => (
                    <tr key={t.ref} data-testid={`bp-tolerated-${t.ref}`}>
                      <td>
                        <strong>{t.ref}</strong>
                        {t.title && ` ${t.title}`}
                        {t.appetiteText && <span className="bp-cee">{t.appetiteText}</span>}
                      </td>
                      {t.acceptance ? (
                        <>
                          <td>{t.acceptance.by}</td>
                          <td>{t.acceptance.why}</td>
                          <td className={t.acceptance.expired ? 'bp-expired' : undefined}>
                            {t.acceptance.until}
                            {t.acceptance.expired && <strong> Expired: due for review</strong>}
                          </td>
                        </>
                      ) : (
                        <td colSpan={3} className="bp-expired">
                          <strong>No acceptance recorded</strong>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
      )}
      {appendix.risks.length > 0 && !quiet && <h3>By risk</h3>}
      {appendix.risks.map((r) => (
        <div key={r.ref} className="bp-assurance-risk" data-testid={`bp-assurance-risk-${r.ref}`}>
          <h4>
            {r.ref}
            {r.title && ` · ${r.title}`}
            <span className="bp-treatment"> · Treatment: {r.treatment ?? 'not recorded'}</span>
          </h4>
          {r.acceptance && (
            <p className={r.acceptance.expired ? 'bp-acceptance bp-expired' : 'bp-acceptance'}>
              Accepted by {r.acceptance.by} until {r.acceptance.until}
              {r.acceptance.expired && ' (expired: due for review)'}: {r.acceptance.why}
            </p>
          )}
          <table className="bp-summary bp-controls">
            <colgroup>
              <col />
              <col className="bp-col-ctype" />
              <col className="bp-col-eff" />
              <col className="bp-col-assessed" />
              <col className="bp-col-cowner" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Control ({r.controls.length})</th>
                <th scope="col">Type</th>
                <th scope="col">Effectiveness</th>
                <th scope="col">Assessed</th>
                <th scope="col">Owner</th>
              </tr>
            </thead>
            <tbody>
              {r.controls.length === 0 && (
                <tr>
                  <td colSpan={5}>No control recorded.</td>
                </tr>
              )}
              {r.controls.map((c, i) => (
                <tr key={i}>
                  <td>{c.text}</td>
                  <td>{c.type ?? '—'}</td>
                  <td>{c.effectiveness}</td>
                  <td>
                    {c.assessedOn ? `${c.assessedOn}${c.assessedBy ? ` by ${c.assessedBy}` : ''}` : '—'}
                    {c.overdue && <strong> (reassessment overdue)</strong>}
                  </td>
                  <td>{c.owner ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="bp-summary bp-controls">
            <colgroup>
              <col />
              <col className="bp-col-line" />
              <col className="bp-col-eff" />
              <col className="bp-col-assessed" />
              <col className="bp-col-gaps" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Assurance source ({r.assurances.length})</th>
                <th scope="col">Line</th>
                <th scope="col">Strength</th>
                <th scope="col">Date</th>
                <th scope="col">Gaps</th>
              </tr>
            </thead>
            <tbody>
              {r.assurances.length === 0 && (
                <tr>
                  <td colSpan={5}>No assurance recorded.</td>
                </tr>
              )}
              {r.assurances.map((a, i) => (
                <tr key={i}>
                  <td>{a.source}</td>
                  <td>{a.lineLabel}</td>
                  <td>{a.strength}</td>
                  <td>{a.date ?? '—'}</td>
                  <td>{a.gaps || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.gaps.length > 0 && <p className="bp-gaps">⚑ {r.gaps.join(' ')}</p>}
        </div>
      ))}
      {appendix.nothingRecorded.length > 0 && (
        <p className="bp-note" data-testid={`bp-nothing-recorded-${part}`}>
          Nothing recorded yet for {appendix.nothingRecorded.join(', ')}.
        </p>
      )}
    </section>
  );
}
