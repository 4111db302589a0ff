/** Last date of the bundled real dataset (valuations run to 2024-12-12). Shown so users know how fresh data is. */
export const DATA_END = '2024-12-12';
