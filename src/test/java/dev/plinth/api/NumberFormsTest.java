package dev.plinth.api;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the {@code plinth-numbers} preference out of a {@code Prefer} header (RFC 7240). */
class NumberFormsTest {

    @Test
    void readsThePreferenceAmongOthers() {
        assertThat(NumberForms.preference("plinth-numbers=string")).contains("string");
        assertThat(NumberForms.preference("respond-async, Plinth-Numbers = \"STRING\" ; x=1")).contains("string");
        assertThat(NumberForms.preference("return=minimal,plinth-numbers=number")).contains("number");
        assertThat(NumberForms.preference("plinth-numbers")).isEmpty();
        assertThat(NumberForms.preference("plinth-numbers=words")).isEmpty();
        assertThat(NumberForms.preference("plinth-numbersx=string")).isEmpty();
        assertThat(NumberForms.preference(null)).isEqualTo(Optional.empty());
    }
}
