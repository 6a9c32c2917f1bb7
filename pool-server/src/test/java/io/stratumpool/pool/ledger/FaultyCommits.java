package io.stratumpool.pool.ledger;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Wraps a DataSource so that COMMIT can be made to fail after the fact: the first failing commit
 * really commits and then reports an error (the acknowledgement lost on the way back), later ones
 * report an error without committing. Either way the writer cannot know the outcome.
 */
final class FaultyCommits {
    volatile boolean failing;
    final AtomicInteger failures = new AtomicInteger();

    DataSource wrap(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    return method.getName().equals("getConnection") ? connection((Connection) result) : result;
                });
    }

    private Connection connection(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit") && failing) {
                        if (failures.getAndIncrement() == 0) {
                            real.commit();
                        }
                        throw new SQLException("connection reset while committing (injected)");
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
