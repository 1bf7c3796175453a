package dev.allframe.cqrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names an event type and its schema version: {@code @Event(value = "MoneyDeposited", version = 2)}. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Event {
    /** Stored type name; defaults to the simple class name. */
    String value() default "";

    /** Current schema version (1 for a type that never changed). */
    int version() default 1;
}
