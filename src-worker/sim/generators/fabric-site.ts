// Where generated data-centre fabrics stand: one site, so every switch shares its coordinates.
export const DATA_CENTRE = { lat: 50.1109, lon: 8.6821 } as const;
