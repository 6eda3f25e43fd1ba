// Saving a text file the person asked for (我的数据 JSON export, the command center's CSV exports)
// in both builds: the browser downloads it; WeChat has no downloads, so the file goes to the
// mini-program's user data folder and the person sends it to a chat or copies the text.
import Taro from "@tarojs/taro";

export const IS_WEAPP = process.env.TARO_ENV === "weapp";

/** What was saved: `path` is the file in WeChat's user data folder, null on the web. */
export interface SavedFile {
  file: string;
  path: string | null;
  text: string;
}

/** The web build: the browser downloads the text as a file named `file`. */
export function downloadInBrowser(file: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** WeChat: writes the text (UTF-8) to the user data folder and answers its path. */
export function saveInWeChat(file: string, text: string): Promise<string> {
  const path = `${Taro.env.USER_DATA_PATH}/${file}`;
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath: path,
      data: text,
      encoding: "utf8",
      success: () => resolve(path),
      fail: (error) => reject(new Error(error.errMsg)),
    });
  });
}

/** Downloads (web) or writes (WeChat) the file; `type` is the web download's MIME type. */
export async function saveTextFile(file: string, text: string, type: string): Promise<SavedFile> {
  if (IS_WEAPP) return { file, path: await saveInWeChat(file, text), text };
  downloadInBrowser(file, text, type);
  return { file, path: null, text };
}

/** WeChat: sends the saved file to a chat. It must follow a tap of its own, hence its own button. */
export function shareSavedFile(saved: SavedFile | null): void {
  if (!saved?.path) return;
  void Taro.shareFileMessage({ filePath: saved.path, fileName: saved.file }).catch(() => undefined);
}

/** Copies the saved text, for when sending a file to a chat is not what the person wants. */
export function copySavedText(saved: SavedFile | null): void {
  if (!saved) return;
  void Taro.setClipboardData({ data: saved.text });
}
