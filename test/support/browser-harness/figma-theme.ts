/**
 * What Figma does to a plugin's UI when `showUI` is called with `themeColors: true`: a `figma-light` or `figma-dark`
 * class on <html>, and a `<style id="figma-style">` with the `--figma-color-*` variables in <head>. The harness
 * applies it to the HTML before the sandboxed iframe loads it (the parent cannot reach into an origin-null frame).
 * The values are Figma's published light and dark tokens for the variables a plugin commonly uses.
 */
export type FigmaTheme = "light" | "dark";

const TOKENS: Record<string, [light: string, dark: string]> = {
  "--figma-color-bg": ["#ffffff", "#2c2c2c"],
  "--figma-color-bg-secondary": ["#f5f5f5", "#383838"],
  "--figma-color-bg-tertiary": ["#e6e6e6", "#444444"],
  "--figma-color-bg-hover": ["#f5f5f5", "#383838"],
  "--figma-color-bg-pressed": ["#f5f5f5", "#383838"],
  "--figma-color-bg-brand": ["#0d99ff", "#0c8ce9"],
  "--figma-color-bg-brand-hover": ["#007be5", "#0a6dc2"],
  "--figma-color-bg-brand-tertiary": ["#e5f4ff", "#394360"],
  "--figma-color-bg-disabled": ["#d9d9d9", "#757575"],
  "--figma-color-bg-danger": ["#f24822", "#e03e1a"],
  "--figma-color-bg-danger-tertiary": ["#ffe2e0", "#4d2f2c"],
  "--figma-color-bg-success": ["#14ae5c", "#198f51"],
  "--figma-color-bg-success-tertiary": ["#cff7d3", "#2a4a36"],
  "--figma-color-text": ["#000000e5", "#ffffff"],
  "--figma-color-text-secondary": ["#00000080", "#ffffffb2"],
  "--figma-color-text-tertiary": ["#0000004d", "#ffffff66"],
  "--figma-color-text-brand": ["#007be5", "#7cc4f8"],
  "--figma-color-text-onbrand": ["#ffffff", "#ffffff"],
  "--figma-color-text-disabled": ["#0000004d", "#ffffff66"],
  "--figma-color-text-danger": ["#dc3412", "#fca397"],
  "--figma-color-text-success": ["#009951", "#79d297"],
  "--figma-color-border": ["#e6e6e6", "#444444"],
  "--figma-color-border-strong": ["#2c2c2c", "#ffffff"],
  "--figma-color-border-selected": ["#0d99ff", "#0c8ce9"],
  "--figma-color-border-danger": ["#f24822", "#e03e1a"],
  "--figma-color-icon": ["#000000e5", "#ffffff"],
  "--figma-color-icon-secondary": ["#00000080", "#ffffffb2"],
};

export function figmaThemeCss(theme: FigmaTheme): string {
  const index = theme === "light" ? 0 : 1;
  const declarations = Object.entries(TOKENS).map(([name, values]) => `${name}: ${values[index]};`);
  return `:root { ${declarations.join(" ")} }`;
}

/** The UI's HTML as Figma would load it with themeColors on. */
export function applyFigmaTheme(html: string, theme: FigmaTheme): string {
  const withClass = html.replace(/<html([^>]*)>/i, (_match, attributes: string) =>
    /class="/.test(attributes)
      ? `<html${attributes.replace(/class="/, `class="figma-${theme} `)}>`
      : `<html${attributes} class="figma-${theme}">`,
  );
  const style = `<style id="figma-style">${figmaThemeCss(theme)}</style>`;
  return /<head[^>]*>/i.test(withClass) ? withClass.replace(/<head([^>]*)>/i, `<head$1>${style}`) : style + withClass;
}
