/**
 * `figma.parameters`: the quick action's parameter input. While the designer types a parameter Figma calls every
 * `on("input")` handler with the query, the parameter's key, the values entered so far and a SuggestionResults to
 * answer with (ParametersAPI and SuggestionResults, plugin-api.d.ts:3431-3547). `setError` is not available on
 * parameters with `allowFreeform` (plugin-api.d.ts:3496-3501). Tests type with `FakeFigma.typeParameter`.
 */
type Suggestion = string | { name: string; data?: unknown; icon?: string | Uint8Array; iconUrl?: string };

/** What the plugin answered to one input event. */
export interface ParameterAnswer {
  suggestions: Suggestion[] | null;
  error: string | null;
  loadingMessage: string | null;
}

type InputHandler = (event: ParameterInputEvent) => void;

export class FakeParameters implements ParametersAPI {
  #handlers: { callback: InputHandler; once: boolean }[] = [];

  on(type: "input", callback: InputHandler): void {
    this.#checkType(type);
    this.#handlers.push({ callback, once: false });
  }

  once(type: "input", callback: InputHandler): void {
    this.#checkType(type);
    this.#handlers.push({ callback, once: true });
  }

  off(type: "input", callback: InputHandler): void {
    this.#checkType(type);
    this.#handlers = this.#handlers.filter((handler) => handler.callback !== callback);
  }

  /** @internal Delivers one input event; resolves once a handler answered (suggestions or an error). */
  async input(key: string, query: string, parameters: ParameterValues, allowFreeform: boolean): Promise<ParameterAnswer> {
    const answer: ParameterAnswer = { suggestions: null, error: null, loadingMessage: null };
    let answered: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (answered = resolve));
    const result: SuggestionResults = {
      setSuggestions(suggestions) {
        if (!Array.isArray(suggestions)) throw new Error("in setSuggestions: Expected an array");
        answer.suggestions = suggestions.slice();
        answered();
      },
      setError(message) {
        if (allowFreeform) throw new Error("in setError: setError is not available on parameters with allowFreeform");
        answer.error = String(message);
        answered();
      },
      setLoadingMessage(message) {
        answer.loadingMessage = String(message);
      },
    };
    const handlers = this.#handlers;
    if (handlers.length === 0) return answer;
    this.#handlers = handlers.filter((handler) => !handler.once);
    for (const handler of handlers) handler.callback({ query, key, parameters, result });
    await done;
    return answer;
  }

  /** @internal A new plugin run starts with no handlers. */
  reset(): void {
    this.#handlers = [];
  }

  #checkType(type: string): void {
    if (type !== "input") throw new Error(`figma.parameters.on: unknown event type "${type}"`);
  }
}
