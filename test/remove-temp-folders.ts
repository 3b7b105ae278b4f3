/** A vitest setup file: every folder a test file made with tempDir() goes when the file ends. */
import { afterAll } from "vitest";
import { removeTempDirs } from "./helpers/temp";

afterAll(removeTempDirs);
