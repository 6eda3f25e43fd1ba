import { Image, Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { type ImageType, imageTypeOf, type UploadPurpose, uploadImage } from "../../api/uploads";
import { useT } from "../../i18n";
import { checkPickedImage, isPickCancel, uploadErrorProblem } from "../../utils/notices-compose";
import "./index.scss";

/** A picture of the form: uploading (no key yet), or uploaded (its key goes with the record). */
export interface PickedPhoto {
  /** Stable for React keys while the list changes. */
  id: string;
  key: string | null;
  /** What the thumbnail shows: the local file while uploading, the signed URL once loaded. */
  src: string;
  uploading: boolean;
  /** Percent sent, while uploading (when the platform tells it). */
  progress?: number;
}

type Update = (photos: PickedPhoto[]) => PickedPhoto[];

interface Props {
  purpose: UploadPurpose;
  /** At most this many pictures (nine for a notice, six for a case). */
  max: number;
  photos: PickedPhoto[];
  invalid?: boolean;
  /** Ids are `<idPrefix>-images`, `-image-<i>`, `-image-busy-<i>`, `-image-remove-<i>`, `-add-image`. */
  idPrefix: string;
  /** The add tile's id, when it should not be `<idPrefix>-add-image`. */
  addId?: string;
  onChange(update: Update): void;
  /** The community the pictures are for (a case's, for its handler); default: the caller's own. */
  communityId?: string;
}

let picked = 0;
const localId = () => `local-${Date.now().toString(36)}-${++picked}`;

/**
 * Pictures for a notice or a case. Each picked file is checked here (JPEG, PNG or WebP, at most
 * 5 MB) and goes straight to storage at once; the record only carries the keys. A thumbnail shows
 * 上传中 until its upload is done; a failed one is taken off with a message.
 */
export function PhotoPicker({
  purpose,
  max,
  photos,
  invalid,
  idPrefix,
  addId,
  onChange,
  communityId,
}: Props) {
  const t = useT();

  const pick = async () => {
    const room = Math.max(0, max - photos.length);
    if (room <= 0) return;
    let files: Taro.chooseImage.ImageFile[];
    try {
      const res = await Taro.chooseImage({ count: room, sizeType: ["compressed"] });
      files = res.tempFiles ?? [];
    } catch (err) {
      // Closing the picker is no failure; anything else (no permission to the photos) is said.
      if (!isPickCancel(err))
        void Taro.showToast({ title: t("nw.img.noAccess"), icon: "none", duration: 3000 });
      return;
    }
    const refused: string[] = [];
    const accepted: Array<{ photo: PickedPhoto; path: string; size: number; type: ImageType }> = [];
    // The web build's file input does not always honour `count`.
    for (const file of files.slice(0, room)) {
      const type = imageTypeOf(file.path, file.originalFileObj?.type ?? file.type);
      const check = checkPickedImage(type, file.size);
      if (!check.ok || !type) {
        if (!check.ok) refused.push(t(check.problem.key, check.problem.params));
        continue;
      }
      accepted.push({
        photo: { id: localId(), key: null, src: file.path, uploading: true },
        path: file.path,
        size: file.size,
        type,
      });
    }
    if (refused.length > 0) void Taro.showToast({ title: refused[0] ?? "", icon: "none", duration: 3000 });
    if (accepted.length === 0) return;
    // Never more than the limit, even if another pick landed meanwhile.
    onChange((prev) => [...prev, ...accepted.map((a) => a.photo)].slice(0, max));
    for (const { photo, path, size, type } of accepted)
      uploadImage(
        purpose,
        { path, size, type },
        (progress) =>
          onChange((prev) => prev.map((p) => (p.id === photo.id && p.uploading ? { ...p, progress } : p))),
        communityId,
      ).then(
        (key) =>
          onChange((prev) =>
            prev.map((p) => (p.id === photo.id ? { ...p, key, uploading: false, progress: undefined } : p)),
          ),
        (err) => {
          onChange((prev) => prev.filter((p) => p.id !== photo.id));
          const problem = uploadErrorProblem(err);
          void Taro.showToast({ title: t(problem.key, problem.params), icon: "none", duration: 3000 });
        },
      );
  };

  const remove = (id: string) => {
    onChange((prev) => prev.filter((p) => p.id !== id));
    void Taro.showToast({ title: t("nw.img.removed"), icon: "none" });
  };

  return (
    <View className={`od-photos${invalid ? " od-photos-invalid" : ""}`} id={`${idPrefix}-images`}>
      {photos.map((photo, i) => (
        <View key={photo.id} className="od-photo" id={`${idPrefix}-image-${i}`}>
          <Image className="od-photo-img" src={photo.src} mode="aspectFill" />
          {photo.uploading ? (
            <View className="od-photo-busy" id={`${idPrefix}-image-busy-${i}`}>
              <Text>
                {t("nw.img.uploading")}
                {photo.progress !== undefined ? ` ${Math.min(99, photo.progress)}%` : ""}
              </Text>
            </View>
          ) : null}
          <View
            className="od-photo-remove"
            id={`${idPrefix}-image-remove-${i}`}
            aria-label={t("nw.img.remove")}
            onClick={() => remove(photo.id)}
          >
            <Text className="od-photo-x">×</Text>
          </View>
        </View>
      ))}
      {photos.length < max ? (
        <View
          className="od-photo od-photo-add"
          id={addId ?? `${idPrefix}-add-image`}
          onClick={() => void pick()}
        >
          <Text className="od-photo-plus">+</Text>
          <Text className="od-photo-add-text">{t("nw.img.add", { count: photos.length, max })}</Text>
        </View>
      ) : null}
    </View>
  );
}
