import Button from "@nutui/nutui-react-taro/dist/es/packages/button/index";
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import { Text, View } from "@tarojs/components";
import { useState } from "react";
import { useT } from "../../i18n";
import { type CsvCell, csvFileName, toCsv } from "../../utils/csv";
import { copySavedText, IS_WEAPP, type SavedFile, saveTextFile, shareSavedFile } from "../../utils/save-file";
import "./index.scss";

interface CsvExportProps {
  /** Ids are `<id>-csv`, `<id>-csv-saved`, `<id>-csv-share`, `<id>-csv-copy` and `<id>-csv-problem`. */
  id: string;
  /** The file is `<name>-<from>-<to>.csv`. */
  name: string;
  from: string;
  to: string;
  /** The rows at the moment of the tap, header first. */
  rows(): CsvCell[][];
}

/**
 * 「导出 CSV」 under a list: the browser downloads the file; WeChat writes it to the user data
 * folder, then offers to send it to a chat (its own tap, as WeChat requires) or copy the text.
 */
export function CsvExport({ id, name, from, to, rows }: CsvExportProps) {
  const t = useT();
  const [saved, setSaved] = useState<SavedFile | null>(null);
  const [problem, setProblem] = useState(false);

  const run = async () => {
    setProblem(false);
    try {
      setSaved(await saveTextFile(csvFileName(name, from, to), toCsv(rows()), "text/csv;charset=utf-8"));
    } catch {
      setSaved(null);
      setProblem(true);
    }
  };

  return (
    <View className="csv-export">
      <Button id={`${id}-csv`} size="small" fill="outline" className="csv-button" onClick={() => void run()}>
        {t("cw.csv.export")}
      </Button>
      {saved ? (
        <View className="csv-saved" id={`${id}-csv-saved`}>
          <Text className="csv-saved-text">
            {t(IS_WEAPP ? "cw.csv.saved" : "cw.csv.downloaded", { file: saved.file })}
          </Text>
          {IS_WEAPP ? (
            <View className="csv-actions">
              <Button id={`${id}-csv-share`} size="small" onClick={() => shareSavedFile(saved)}>
                {t("cw.csv.share")}
              </Button>
              <Button id={`${id}-csv-copy`} size="small" onClick={() => copySavedText(saved)}>
                {t("cw.csv.copy")}
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
      {problem ? (
        <Text className="csv-problem" id={`${id}-csv-problem`}>
          {t("cw.csv.failed")}
        </Text>
      ) : null}
    </View>
  );
}
