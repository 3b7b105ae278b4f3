// @prisma/migrate's package.json points "types" at a path it does not ship;
// its declarations are under dist/src.
declare module "@prisma/migrate" {
  export * from "@prisma/migrate/dist/src/index";
}
