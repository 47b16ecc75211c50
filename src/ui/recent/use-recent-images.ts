/**
 * The UI's state for the "Recent images" strip: the file's recent images as main sends them, a thumbnail for each
 * (made here from the bytes main sends on request, each asked for once), the last apply's summary, and `apply`.
 * An image main can no longer read drops out quietly.
 *
 * @example
 * const recent = useRecentImages(deps.channel);
 * <RecentImagesStrip images={recent.images} thumbnails={recent.thumbnails} onApply={recent.apply} … />
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { GenerationMetadata } from "../../messages.js";
import type { PluginChannel } from "../host/plugin-channel.js";
import { makeThumbnail } from "./make-thumbnail.js";

/** Thumbnails are drawn at twice their shown size, for sharp screens. */
const THUMBNAIL_PIXELS = 112;

export interface RecentImagesState {
  images: GenerationMetadata[];
  /** Thumbnail data URLs by image hash; missing while one is being made (or when the image couldn't be drawn). */
  thumbnails: Record<string, string>;
  /** What the last apply did, e.g. "Filled 2 frames". */
  status: string | null;
  apply(imageHash: string): void;
}

export function useRecentImages(channel: PluginChannel): RecentImagesState {
  const [images, setImages] = useState<GenerationMetadata[]>([]);
  const [thumbnails, setThumbnails] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  const requested = useRef(new Set<string>());
  const gone = useRef(new Set<string>());

  useEffect(
    () =>
      channel.listen((message) => {
        switch (message.type) {
          case "recent-images":
            setImages(message.images.filter((image) => !gone.current.has(image.imageHash)));
            for (const { imageHash } of message.images) {
              if (requested.current.has(imageHash)) continue;
              requested.current.add(imageHash);
              channel.send({ type: "get-recent-image-bytes", imageHash });
            }
            return;
          case "recent-image-bytes": {
            const { imageHash, bytes } = message;
            if (!bytes) {
              gone.current.add(imageHash);
              setImages((current) => current.filter((image) => image.imageHash !== imageHash));
              return;
            }
            void makeThumbnail(bytes, THUMBNAIL_PIXELS).then(
              (url) => setThumbnails((current) => ({ ...current, [imageHash]: url })),
              () => undefined,
            );
            return;
          }
          case "recent-image-applied":
            setStatus(message.summary);
            return;
        }
      }),
    [channel],
  );

  return {
    images,
    thumbnails,
    status,
    apply: (imageHash) => {
      setStatus(null);
      channel.send({ type: "apply-recent-image", imageHash });
    },
  };
}
