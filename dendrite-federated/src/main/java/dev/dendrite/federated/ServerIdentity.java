package dev.dendrite.federated;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The federated server's identity, kept in its directory and made on first start: a self-signed certificate for
 * TLS (an EC P-256 key made by the JDK's keytool, valid for localhost and 127.0.0.1, in {@code server.p12}, its
 * password in {@code keystore.pass}, the certificate for clients to trust in {@code server.pem}) and one random
 * 256-bit token per client in {@code tokens.tsv} ({@code client<TAB>token}); secrets are written readable by
 * the owner only.
 */
public final class ServerIdentity {
    private final Path dir;
    private final char[] password;
    private final Map<String, Integer> clientsByToken;

    private ServerIdentity(Path dir, char[] password, Map<String, Integer> clientsByToken) {
        this.dir = dir;
        this.password = password;
        this.clientsByToken = clientsByToken;
    }

    /** The identity in {@code dir}, made there first if it is missing, with tokens for clients 1..{@code clients}. */
    public static ServerIdentity openOrCreate(Path dir, int clients) throws IOException {
        Files.createDirectories(dir);
        Path store = dir.resolve("server.p12");
        Path pass = dir.resolve("keystore.pass");
        SecureRandom random = new SecureRandom();
        if (!Files.exists(store)) {
            byte[] secret = new byte[24];
            random.nextBytes(secret);
            writePrivate(pass, HexFormat.of().formatHex(secret));
            keytool(store, Files.readString(pass).strip());
        }
        char[] password = Files.readString(pass).strip().toCharArray();
        ServerIdentity identity = new ServerIdentity(dir, password, tokens(dir.resolve("tokens.tsv"), clients, random));
        Path pem = dir.resolve("server.pem");
        if (!Files.exists(pem)) {
            try {
                Certificate certificate = identity.keyStore().getCertificate("dendrite");
                String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded());
                Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
            } catch (GeneralSecurityException e) {
                throw new IOException(store + ": the certificate cannot be encoded", e);
            }
        }
        return identity;
    }

    /** The certificate file clients pass to trust this server. */
    public Path certificate() {
        return dir.resolve("server.pem");
    }

    /** The client a bearer token belongs to, or 0; compares in constant time. */
    public int client(String token) {
        if (token == null) return 0;
        byte[] given = token.getBytes(StandardCharsets.US_ASCII);
        int found = 0;
        for (var e : clientsByToken.entrySet()) {
            if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.US_ASCII))) found = e.getValue();
        }
        return found;
    }

    /** The token of {@code client}. */
    public String token(int client) {
        for (var e : clientsByToken.entrySet()) {
            if (e.getValue() == client) return e.getKey();
        }
        throw new IllegalArgumentException("no token for client " + client);
    }

    /** TLS for the server socket. */
    public SSLContext serverContext() throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(), password);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(dir.resolve("server.p12") + ": cannot serve TLS with it (" + e.getMessage() + ")", e);
        }
    }

    /** TLS for a client that trusts exactly the certificate in {@code pem} (the server's server.pem). */
    public static SSLContext clientContext(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("dendrite", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + ": not an X.509 certificate in PEM (" + e.getMessage() + ")", e);
        }
    }

    private KeyStore keyStore() throws IOException {
        Path store = dir.resolve("server.p12");
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException(store + ": cannot be opened with keystore.pass (" + e.getMessage() + ")", e);
        }
    }

    private static void keytool(Path store, String password) throws IOException {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(tool.toString(), "-genkeypair", "-alias", "dendrite",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "365", "-dname",
                "CN=dendrite federated server", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", password, "-keypass", password));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(store + ": keytool could not make the server's certificate: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(store + ": interrupted while keytool made the certificate", e);
        }
    }

    private static Map<String, Integer> tokens(Path file, int clients, SecureRandom random) throws IOException {
        Map<String, Integer> byToken = new LinkedHashMap<>();
        if (Files.exists(file)) {
            int lineNo = 0;
            for (String line : Files.readAllLines(file)) {
                lineNo++;
                String[] parts = line.split("\t");
                if (parts.length != 2 || !parts[1].matches("[0-9a-f]{64}")) {
                    throw new IOException(file + ":" + lineNo + ": expected client<TAB>64 hex digits");
                }
                byToken.put(parts[1], Integer.parseInt(parts[0]));
            }
        }
        StringBuilder text = new StringBuilder();
        for (var e : byToken.entrySet()) text.append(e.getValue()).append('\t').append(e.getKey()).append('\n');
        boolean added = false;
        for (int c = 1; c <= clients; c++) {
            if (byToken.containsValue(c)) continue;
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            String token = HexFormat.of().formatHex(secret);
            byToken.put(token, c);
            text.append(c).append('\t').append(token).append('\n');
            added = true;
        }
        if (added) writePrivate(file, text.toString());
        return byToken;
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
