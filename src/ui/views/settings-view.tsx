/**
 * The settings view: the proxy's address and the key the admin issued. Save keeps them in figma.clientStorage (via
 * main); a saved secret is never put back into its field, only its last characters are hinted. Test connection says
 * that it works or exactly what is wrong.
 */
import { useState } from "preact/hooks";
import type { Settings } from "../../messages.js";
import { controlProps, Field } from "../components/field.js";
import type { ConnectionReport } from "../connection/test-connection.js";
import { maskSecret } from "../settings/mask-secret.js";
import { DEFAULT_REGION, type SettingsErrors, type SettingsForm } from "../settings/validate-settings.js";

export interface SettingsViewProps {
  saved: Settings | null;
  errors: SettingsErrors;
  notice: string | null;
  testing: boolean;
  report: ConnectionReport | null;
  onSave: (form: SettingsForm) => void;
  onTest: (form: SettingsForm) => void;
}

export function SettingsView({ saved, errors, notice, testing, report, onSave, onTest }: SettingsViewProps) {
  const [form, setForm] = useState<SettingsForm>(() => ({
    proxyUrl: saved?.proxyUrl ?? "",
    accessKeyId: saved?.accessKeyId ?? "",
    secretAccessKey: "",
    region: saved?.region ?? DEFAULT_REGION,
  }));
  const edit = (patch: Partial<SettingsForm>) => setForm((current) => ({ ...current, ...patch }));
  const secretHint = saved ? `Saved (${maskSecret(saved.secretAccessKey)}). Leave empty to keep it.` : undefined;

  return (
    // Not a <form>: Figma's sandboxed iframe may block form submission, so Save is an ordinary button.
    <div class="content">
      {saved ? null : (
        <p class="notice">Paste the proxy address and the key your admin gave you (npm start prints one).</p>
      )}
      <Field id="proxy-url" label="Proxy URL" error={errors.proxyUrl}>
        <input
          {...controlProps("proxy-url", errors.proxyUrl)}
          class="input"
          type="url"
          autoComplete="off"
          spellcheck={false}
          placeholder="http://localhost:8787"
          value={form.proxyUrl}
          onInput={(event) => edit({ proxyUrl: event.currentTarget.value })}
        />
      </Field>
      <Field id="access-key-id" label="Access key ID" error={errors.accessKeyId}>
        <input
          {...controlProps("access-key-id", errors.accessKeyId)}
          class="input"
          type="text"
          autoComplete="off"
          spellcheck={false}
          value={form.accessKeyId}
          onInput={(event) => edit({ accessKeyId: event.currentTarget.value })}
        />
      </Field>
      <Field id="secret-access-key" label="Secret access key" error={errors.secretAccessKey} hint={secretHint}>
        <input
          {...controlProps("secret-access-key", errors.secretAccessKey, secretHint !== undefined)}
          class="input"
          type="password"
          autoComplete="off"
          spellcheck={false}
          placeholder={saved ? "••••••••" : ""}
          value={form.secretAccessKey}
          onInput={(event) => edit({ secretAccessKey: event.currentTarget.value })}
        />
      </Field>
      <Field id="region" label="Region" error={errors.region}>
        <input
          {...controlProps("region", errors.region)}
          class="input"
          type="text"
          autoComplete="off"
          spellcheck={false}
          placeholder={DEFAULT_REGION}
          value={form.region}
          onInput={(event) => edit({ region: event.currentTarget.value })}
        />
      </Field>
      <div class="actions">
        <button
          class="button button-primary"
          type="button"
          onClick={() => {
            onSave(form);
            edit({ secretAccessKey: "" });
          }}
        >
          Save
        </button>
        <button class="button button-secondary" type="button" disabled={testing} onClick={() => onTest(form)}>
          {testing ? "Testing…" : "Test connection"}
        </button>
      </div>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {report ? (
        <p class={`notice ${report.ok ? "notice-success" : "notice-error"}`} role={report.ok ? "status" : "alert"}>
          {report.message}
        </p>
      ) : null}
    </div>
  );
}
