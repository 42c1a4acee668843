package dev.plinth.api.resource;

import org.atteo.evo.inflector.English;

/**
 * Resource names: the plural of the model name in lower snake_case (docs/api.md, "Routes"):
 * {@code Contact} → {@code contacts}, {@code RoomBooking} → {@code room_bookings}. Only the last word
 * is made plural, by {@code org.atteo:evo-inflector}'s English rules.
 */
public final class ResourceNames {

    private ResourceNames() {
    }

    /**
     * Derives a resource name.
     *
     * @param modelName a model name as written in the schema
     * @return the resource name
     */
    public static String of(String modelName) {
        String snake = snakeCase(modelName);
        int cut = snake.lastIndexOf('_') + 1;
        return snake.substring(0, cut) + English.plural(snake.substring(cut));
    }

    /**
     * Turns {@code RoomBooking}, {@code roomBooking} or {@code HTTPLog} into {@code room_booking},
     * {@code room_booking}, {@code http_log}.
     *
     * @param name an identifier
     * @return the lower snake_case form
     */
    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean prevLower = i > 0 && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)));
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                boolean prevUpper = i > 0 && Character.isUpperCase(name.charAt(i - 1));
                if (out.length() > 0 && out.charAt(out.length() - 1) != '_' && (prevLower || (prevUpper && nextLower))) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
