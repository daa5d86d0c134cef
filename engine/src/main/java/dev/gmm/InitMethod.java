package dev.gmm;


/** How EM's starting model is made when no model is given. */
public enum InitMethod {
    /** k-means++ seeding, then Lloyd iterations; the partition gives the first M-step (scikit-learn's default). */
    KMEANS_PLUS_PLUS("kmeans++"),
    /** Random responsibilities for every row, then an M-step. */
    RANDOM("random"),
    /** K rows drawn without replacement as means, the data's covariance for every component, equal weights. */
    RANDOM_FROM_DATA("random-from-data");

    private final String id;

    InitMethod(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static InitMethod parse(String text) {
        for (InitMethod m : values()) {
            if (m.id.equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw GmmException.input("unknown initialisation '" + text + "'; expected kmeans++, random or random-from-data");
    }
}
