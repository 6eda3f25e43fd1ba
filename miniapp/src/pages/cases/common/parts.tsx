import { Image, Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";

/**
 * Photos of a case as thumbnails; a tap opens them full screen, from the one tapped. `onPreview`
 * lets the page skip the reload on its next show (WeChat shows the page again after a preview).
 */
export function Photos({ id, urls, onPreview }: { id: string; urls: string[]; onPreview?(): void }) {
  if (urls.length === 0) return null;
  return (
    <View className="cr-photos" id={id}>
      {urls.map((url, i) => (
        <Image
          key={url}
          id={`${id}-${i}`}
          className="cr-photo"
          src={url}
          mode="aspectFill"
          onClick={() => {
            onPreview?.();
            void Taro.previewImage({ urls, current: url }).catch(() => undefined);
          }}
        />
      ))}
    </View>
  );
}

/** One step in a case's history. */
export interface CaseEvent {
  at: string;
  action: string;
  by: string;
  note: string | null;
  photos: string[];
}

interface HistoryProps {
  events: CaseEvent[];
  /** Events are `<idPrefix>-<i>`, newest first. */
  idPrefix: string;
  label(event: CaseEvent): string;
  note(event: CaseEvent): string | null;
  at(event: CaseEvent): string;
  onPreview?(): void;
}

/** What was done to the case, newest first, with the notes and photos of each step. */
export function History({ events, idPrefix, label, note, at, onPreview }: HistoryProps) {
  const newest = [...events].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <View className="cr-history">
      {newest.map((event, i) => {
        const said = note(event);
        return (
          <View
            key={`${event.at}-${event.action}-${event.by}`}
            id={`${idPrefix}-${i}`}
            className={`cr-event${i === 0 ? " cr-event-latest" : ""}`}
          >
            <View className="cr-event-dot" />
            <View className="cr-event-body">
              <Text className="cr-event-title">{label(event)}</Text>
              <Text className="cr-event-at">{at(event)}</Text>
              {said ? <Text className="cr-event-note">{said}</Text> : null}
              <Photos id={`${idPrefix}-${i}-photos`} urls={event.photos} onPreview={onPreview} />
            </View>
          </View>
        );
      })}
    </View>
  );
}
