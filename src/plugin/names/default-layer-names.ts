/**
 * The names Figma gives new layers, by language: a layer still called one of these (alone or followed by a number,
 * "Frame 12", "Rectangle 3") was never named by the designer, so its name is no prompt.
 *
 * English: the names the editor and the plugin API give each node type ("Frame", "Rectangle", …, "Image" for a
 * placed picture, the boolean operations' names) and "Framefill image", the name of a frame Framefill makes for an
 * empty prompt. Japanese and Spanish: the node-type names of Figma's Japanese and Spanish interface as its help
 * centre and its interface translations use them (フレーム, 長方形, 楕円 …; marco, rectángulo, elipse …). Figma also
 * ships Korean and Brazilian Portuguese; their layer names could not be confirmed here, so they are not listed
 * (such a layer's name is then used as its prompt).
 */
export const DEFAULT_LAYER_NAMES: Readonly<Record<string, readonly string[]>> = {
  en: [
    "Frame", "Group", "Section", "Component", "Instance", "Rectangle", "Ellipse", "Polygon", "Star", "Vector", "Line",
    "Arrow", "Image", "Text", "Slice", "Union", "Subtract", "Intersect", "Exclude", "Boolean", "Framefill image",
  ],
  ja: ["フレーム", "グループ", "セクション", "コンポーネント", "インスタンス", "長方形", "楕円", "多角形", "スター", "ベクター", "直線", "矢印", "画像", "テキスト", "スライス"],
  es: [
    "Marco", "Grupo", "Sección", "Componente", "Instancia", "Rectángulo", "Elipse", "Polígono", "Estrella", "Vector",
    "Línea", "Flecha", "Imagen", "Texto",
  ],
};
