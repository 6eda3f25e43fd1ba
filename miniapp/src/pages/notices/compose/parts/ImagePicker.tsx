import { Image, Text, View } from "@tarojs/components";
import Taro from "@tarojs/taro";
import { type ImageType, imageTypeOf, uploadImage } from "../../../../api/notices";
import { useT } from "../../../../i18n";
import {
  type ComposeImage,
  checkPickedImage,
  imageRoom,
  isPickCancel,
  MAX_IMAGES,
  uploadErrorProblem,
} from "../../../../utils/notices-compose";

type Update = (images: ComposeImage[]) => ComposeImage[];

interface Props {
  images: ComposeImage[];
  invalid: boolean;
  onChange(update: Update): void;
}

let picked = 0;
const localId = () => `local-${Date.now().toString(36)}-${++picked}`;

/**
 * Up to nine pictures. Each picked file is checked here (JPEG, PNG or WebP, at most 5 MB) and goes
 * straight to storage at once; the notice only carries the keys. A thumbnail shows 上传中 until its
 * upload is done; a failed one is taken off with a message.
 */
export function ImagePicker({ images, invalid, onChange }: Props) {
  const t = useT();

  const pick = async () => {
    const room = imageRoom(images);
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
    const accepted: Array<{ image: ComposeImage; path: string; size: number; type: ImageType }> = [];
    // The web build's file input does not always honour `count`.
    for (const file of files.slice(0, room)) {
      const type = imageTypeOf(file.path, file.originalFileObj?.type ?? file.type);
      const check = checkPickedImage(type, file.size);
      if (!check.ok || !type) {
        if (!check.ok) refused.push(t(check.problem.key, check.problem.params));
        continue;
      }
      accepted.push({
        image: { id: localId(), key: null, src: file.path, uploading: true },
        path: file.path,
        size: file.size,
        type,
      });
    }
    if (refused.length > 0) void Taro.showToast({ title: refused[0] ?? "", icon: "none", duration: 3000 });
    if (accepted.length === 0) return;
    // Never more than nine, even if another pick landed meanwhile.
    onChange((prev) => [...prev, ...accepted.map((a) => a.image)].slice(0, MAX_IMAGES));
    for (const { image, path, size, type } of accepted)
      uploadImage({ path, size, type }).then(
        (key) =>
          onChange((prev) =>
            prev.map((img) => (img.id === image.id ? { ...img, key, uploading: false } : img)),
          ),
        (err) => {
          onChange((prev) => prev.filter((img) => img.id !== image.id));
          const problem = uploadErrorProblem(err);
          void Taro.showToast({ title: t(problem.key, problem.params), icon: "none", duration: 3000 });
        },
      );
  };

  const remove = (id: string) => {
    onChange((prev) => prev.filter((img) => img.id !== id));
    void Taro.showToast({ title: t("nw.img.removed"), icon: "none" });
  };

  return (
    <View className={`nc-images${invalid ? " nc-images-invalid" : ""}`} id="nc-images">
      {images.map((image, i) => (
        <View key={image.id} className="nc-thumb" id={`nc-image-${i}`}>
          <Image className="nc-thumb-img" src={image.src} mode="aspectFill" />
          {image.uploading ? (
            <View className="nc-thumb-busy" id={`nc-image-busy-${i}`}>
              <Text>{t("nw.img.uploading")}</Text>
            </View>
          ) : null}
          <View
            className="nc-thumb-remove"
            id={`nc-image-remove-${i}`}
            aria-label={t("nw.img.remove")}
            onClick={() => remove(image.id)}
          >
            <Text className="nc-thumb-x">×</Text>
          </View>
        </View>
      ))}
      {images.length < MAX_IMAGES ? (
        <View className="nc-thumb nc-add" id="nc-add-image" onClick={() => void pick()}>
          <Text className="nc-add-plus">+</Text>
          <Text className="nc-add-text">{t("nw.img.add", { count: images.length, max: MAX_IMAGES })}</Text>
        </View>
      ) : null}
    </View>
  );
}
