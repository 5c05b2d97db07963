/** Risk appetite per category: the score above which a risk is "outside appetite". Null means none set. */
export const up = /* sql */ `
ALTER TABLE categories ADD COLUMN appetite INTEGER CHECK (appetite BETWEEN 1 AND 25);
`;
