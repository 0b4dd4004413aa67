// The portal's words for the regulator's pages. Vietnamese must have every key English has (the compiler checks).
export const en = {};

export const vi: Record<keyof typeof en, string> = {};
