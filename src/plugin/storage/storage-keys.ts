/** figma.clientStorage keys: connection settings and the last generation options live on the designer's machine. */
export const SETTINGS_KEY = "settings";
export const OPTIONS_KEY = "options";
