/**
 * Why a selected layer gets no image, in a designer's words and without the layer's name (the UI shows it beside the
 * name: "Title (a text layer: Framefill fills frames and shapes, not text)").
 */
export function skipReason(type: string): string {
  switch (type) {
    case "TEXT":
      return "a text layer: Framefill fills frames and shapes, not text";
    case "LINE":
      return "a line: it has no area to fill";
    case "SLICE":
      return "a slice: slices can't hold fills";
    case "COMPONENT_SET":
      return "a component set: select its variants to fill them";
    case "BOOLEAN_OPERATION":
      return "a boolean group: Framefill fills frames and shapes, not boolean groups";
    default:
      return `a ${type.toLowerCase().replace(/_/g, " ")}: Framefill can't fill this kind of layer`;
  }
}
