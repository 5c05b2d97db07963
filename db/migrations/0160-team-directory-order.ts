/**
 * Team replicas carry the owners directory and the category list as rows (a new entry nothing refers to yet, an
 * edit, a removal or merge) and the risks' order (`position`, with the image of a risk as created following the
 * history row of its creation): the capture triggers are rebuilt from db/team/row-spec.ts.
 */
import { historyCaptureSql, rowCaptureSql } from '../team/row-spec.ts';

export const up = /* sql */ `
${rowCaptureSql()}
${historyCaptureSql()}
`;
