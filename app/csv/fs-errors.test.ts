import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/temp";
import { asFileSystemError, describeFileSystemError, fileSystemReason } from "./fs-errors";

const dir = tempDir("wa-fs-errors-");

/** The error a file-system call really throws. */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error("the call did not fail");
}

describe("file-system errors in words", () => {
  it("says a missing file is missing, naming the path", () => {
    const missing = path.join(dir, "missing.csv");
    expect(describeFileSystemError(thrownBy(() => readFileSync(missing)))).toBe(
      `${missing}: no such file or folder`,
    );
  });

  it("says a folder is not a file (a read of it names no path: the reason stands alone)", () => {
    const folder = path.join(dir, "folder");
    mkdirSync(folder);
    expect(describeFileSystemError(thrownBy(() => readFileSync(folder)))).toBe("is a folder, not a file");
  });

  it("names where a rename was going, the path a person chose", () => {
    const source = path.join(dir, "source.csv");
    writeFileSync(source, "x");
    const target = path.join(dir, "no-such-folder", "out.csv");
    expect(describeFileSystemError(thrownBy(() => renameSync(source, target)))).toBe(
      `${target}: no such file or folder`,
    );
  });

  it("gives the reason alone when the error names no path", () => {
    expect(describeFileSystemError(Object.assign(new Error("x"), { code: "ENOSPC" }))).toBe(
      "the disk is full",
    );
  });

  it("gives the code and the call for a rare error, and a fallback when either is missing", () => {
    expect(fileSystemReason(Object.assign(new Error("x"), { code: "ESTALE", syscall: "open" }))).toBe(
      "ESTALE (open)",
    );
    expect(fileSystemReason(Object.assign(new Error("x"), { code: "ESTALE" }))).toBe("ESTALE (file system)");
    expect(fileSystemReason(new Error("x"))).toBe("error (file system)");
  });

  it("answers null for anything that is not a file-system error", () => {
    for (const error of [
      new Error("plain"),
      null,
      undefined,
      "ENOENT",
      { code: 2 },
      { code: "ERR_INVALID_ARG_TYPE" },
      { code: "xENOENT" },
      { code: "ENOENTx" },
      { code: "E" },
      // Not a string, though it reads as one: a regular expression would take it.
      { code: ["ENOENT"] },
    ]) {
      expect(asFileSystemError(error)).toBeNull();
      expect(describeFileSystemError(error)).toBeNull();
    }
    const real = thrownBy(() => readFileSync(path.join(dir, "nothing")));
    expect(asFileSystemError(real)).toBe(real);
  });
});
