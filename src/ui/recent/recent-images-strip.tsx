/**
 * The "Recent images" strip: a thumbnail button per image Framefill placed in this file, newest first, named
 * "Apply: <prompt>" (puts that exact image on the selected layers, no request, no cost), each with "Use prompt"
 * (copies its settings into the form). Nothing is shown while the file has no recent images.
 */
import type { GenerationMetadata } from "../../messages.js";
import "./recent-images.css";

export interface RecentImagesStripProps {
  images: readonly GenerationMetadata[];
  thumbnails: Readonly<Record<string, string>>;
  status: string | null;
  /** While a generation runs, applying waits. */
  disabled: boolean;
  onApply: (imageHash: string) => void;
  onUsePrompt: (image: GenerationMetadata) => void;
}

export function RecentImagesStrip({ images, thumbnails, status, disabled, onApply, onUsePrompt }: RecentImagesStripProps) {
  if (images.length === 0) return null;
  return (
    <section class="recent" aria-labelledby="recent-images-title">
      <h2 id="recent-images-title" class="recent-title">
        Recent images
      </h2>
      <ul class="recent-list">
        {images.map((image) => {
          const thumbnail = thumbnails[image.imageHash];
          return (
            <li key={image.imageHash} class="recent-item">
              <button
                class="recent-apply"
                type="button"
                aria-label={`Apply: ${image.prompt}`}
                title={`Apply: ${image.prompt}`}
                disabled={disabled}
                onClick={() => onApply(image.imageHash)}
              >
                {thumbnail ? <img class="recent-thumbnail" src={thumbnail} alt="" /> : <span class="recent-thumbnail recent-placeholder" />}
              </button>
              <button class="button button-ghost recent-use" type="button" onClick={() => onUsePrompt(image)}>
                Use prompt
              </button>
            </li>
          );
        })}
      </ul>
      {status ? (
        <p class="muted" role="status">
          {status}
        </p>
      ) : null}
    </section>
  );
}
