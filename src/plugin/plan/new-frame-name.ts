/** The layer name of a frame Framefill creates: the prompt, shortened to fit the layers panel. */
const MAX_LENGTH = 40;

export function newFrameName(prompt: string): string {
  const words = prompt.replace(/\s+/g, " ").trim();
  if (words === "") return "Framefill image";
  return words.length <= MAX_LENGTH ? words : `${words.slice(0, MAX_LENGTH - 1).replace(/\s+$/, "")}…`;
}
