import qrcode from "qrcode-generator";
import { describe, expect, it } from "vitest";
import { fromRuns, qrMatrix, toRuns } from "./matrix";

const isDarkGrid = (text: string, mode: "Alphanumeric" | "Byte") => {
  const qr = qrcode(0, "M");
  qr.addData(text, mode);
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
};

describe("qrMatrix", () => {
  it("makes a version-1 code (21 × 21) for an 8-character ticket code", () => {
    const matrix = qrMatrix("ABCD2345");
    expect(matrix.size).toBe(21);
    expect(matrix.rows).toHaveLength(21);
  });

  it("draws exactly the modules the library computed, row by row", () => {
    for (const code of ["ABCD2345", "ZZ99XY7K", "HELLO WORLD"]) {
      const expected = isDarkGrid(code, "Alphanumeric");
      const matrix = qrMatrix(code);
      expect(matrix.rows.map(fromRuns)).toEqual(expected);
      for (const row of matrix.rows) {
        expect(row.reduce((sum, run) => sum + run.length, 0)).toBe(matrix.size);
        // Runs alternate: two runs of the same colour side by side would be one.
        row.forEach((run, i) => {
          if (i > 0) expect(run.dark).not.toBe(row[i - 1]?.dark);
        });
      }
    }
  });

  it("starts every code with the finder pattern's seven dark modules", () => {
    const { rows } = qrMatrix("ABCD2345");
    expect(rows[0]?.[0]).toEqual({ dark: true, length: 7 });
    expect(rows[0]?.[rows[0].length - 1]).toEqual({ dark: true, length: 7 });
  });

  it("falls back to byte mode for text outside the alphanumeric set", () => {
    const matrix = qrMatrix("abc-123");
    expect(matrix.rows.map(fromRuns)).toEqual(isDarkGrid("abc-123", "Byte"));
  });
});

describe("toRuns", () => {
  it("merges equal neighbours and round-trips", () => {
    const modules = [true, true, false, true, false, false, false];
    expect(toRuns(modules)).toEqual([
      { dark: true, length: 2 },
      { dark: false, length: 1 },
      { dark: true, length: 1 },
      { dark: false, length: 3 },
    ]);
    expect(fromRuns(toRuns(modules))).toEqual(modules);
    expect(toRuns([])).toEqual([]);
  });
});
