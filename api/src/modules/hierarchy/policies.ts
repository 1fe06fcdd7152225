// Who may change the company structure, and who may read it: developers too, because the flow builder's
// pickers (roles, positions, who may start a flow) are fed by these reads.
export const hierarchyWriter = { roles: ['admin'] } as const;
export const hierarchyReader = { roles: ['admin', 'developer'] } as const;
