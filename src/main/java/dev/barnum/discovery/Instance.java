package dev.barnum.discovery;

import java.nio.file.Path;

/**
 * One circus instance Barnum knows of: {@code user} runs circus on {@code host}, configured by
 * {@code ini}.
 */
public record Instance(String user, String host, Path ini) {}
