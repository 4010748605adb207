package dev.lakehouse.maintenance;

import io.trino.filesystem.TrinoFileSystem;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file system that counts the listings of {@code _delta_log/} folders: what tests of "no listing" assert on.
 */
public final class LogListings
{
    private LogListings() {}

    public static TrinoFileSystem counting(TrinoFileSystem fileSystem, AtomicInteger listings)
    {
        return (TrinoFileSystem) Proxy.newProxyInstance(TrinoFileSystem.class.getClassLoader(), new Class<?>[] {TrinoFileSystem.class}, (_, method, arguments) -> {
            if (method.getName().equals("listFiles") && arguments[0].toString().contains("_delta_log")) {
                listings.incrementAndGet();
            }
            try {
                return method.invoke(fileSystem, arguments);
            }
            catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
