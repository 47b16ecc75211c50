/** Framefill's UI (placeholder until the UI lands). */
import { render } from "preact";

render(<main>Framefill</main>, document.getElementById("app")!);
