// The board's browser code, bundled into public/ by hand before a release: not shipped.
export const refreshSeconds = 60;
