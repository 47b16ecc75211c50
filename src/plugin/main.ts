/** Framefill's Figma main thread (placeholder until the plugin lands). */
figma.showUI(__html__, { width: 320, height: 560, themeColors: true });
