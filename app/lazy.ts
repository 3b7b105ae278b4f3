/**
 * An object built the first time one of its properties is read, not when its
 * module is imported: the environment, the database client and the Shopify
 * app are read this way, so importing a route (in a test, in the build)
 * neither reads process.env nor connects to anything.
 */
export function onFirstUse<T extends object>(create: () => T): T {
  let instance: T | undefined;
  const target = () => {
    instance ??= create();
    return instance;
  };
  return new Proxy({} as T, {
    get(_shell, key) {
      const object = target();
      const value = Reflect.get(object, key, object);
      // Methods run against the object itself (Prisma's reach for their own fields through `this`).
      return typeof value === "function" ? value.bind(object) : value;
    },
    has: (_shell, key) => Reflect.has(target(), key),
    ownKeys: (_shell) => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor(_shell, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // A proxy may only report a property configurable that its (empty) shell could have.
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
