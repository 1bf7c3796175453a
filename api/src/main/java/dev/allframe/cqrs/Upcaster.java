package dev.allframe.cqrs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Stereotype;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link JsonUpcaster} bean that turns the JSON of event type {@link #event()} from schema
 * version {@link #from()} into version {@code from + 1}. Upcasters chain (v1→v2→v3) and run on
 * every read path; every step from v1 up to the event class's {@link Event#version()} needs
 * one, and a missing step fails the deployment naming the type and the versions (without a class,
 * the upcasters of a type must form one contiguous chain). It is a stereotype: the class needs no scope.
 * <pre>
 * &#64;Upcaster(event = "MoneyDeposited", from = 1)
 * class DepositAddsCurrency implements JsonUpcaster {
 *     public JsonObject upcast(JsonObject v1) { return Json.createObjectBuilder(v1).add("currency", "EUR").build(); }
 * }
 * </pre>
 */
@Stereotype
@ApplicationScoped
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Upcaster {
    /** The stored type name ({@link Event#value()} or the simple class name). */
    String event();

    /** The schema version this upcaster reads; it produces {@code from + 1}. */
    int from();
}
