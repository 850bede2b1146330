#include "passwordhasher.h"

#include <QLoggingCategory>

#include <sodium.h>

namespace dispatch::server {

namespace {
Q_LOGGING_CATEGORY(lcHasher, "dispatch.server.hasher")

bool ensureSodium()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}
} // namespace

PasswordHasher::PasswordHasher(int workers, int maxQueued, QObject *parent)
    : QObject(parent)
    , m_pool(QStringLiteral("password hashing"), workers, maxQueued)
{
    m_dummyHash = hashNow(QStringLiteral("timing equaliser"));
}

PasswordHasher::~PasswordHasher() = default; // the pool waits for running work

QString PasswordHasher::hashNow(const QString &password)
{
    if (!ensureSodium())
        return {};
    const QByteArray utf8 = password.toUtf8();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, utf8.constData(), quint64(utf8.size()),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        qCWarning(lcHasher) << "argon2id hashing ran out of memory";
        return {};
    }
    return QString::fromLatin1(hash);
}

bool PasswordHasher::verifyNow(const QString &hash, const QString &password)
{
    if (!ensureSodium() || hash.isEmpty())
        return false;
    const QByteArray stored = hash.toLatin1();
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(stored.constData(), utf8.constData(), quint64(utf8.size())) ==
           0;
}

bool PasswordHasher::verify(const QString &hash, const QString &password,
                            std::function<void(bool)> done)
{
    const bool known = !hash.isEmpty();
    return m_pool.run<bool>([stored = known ? hash : m_dummyHash, password,
                             known] { return verifyNow(stored, password) && known; },
                            std::move(done));
}

bool PasswordHasher::hash(const QString &password, std::function<void(QString)> done)
{
    return m_pool.run<QString>([password] { return hashNow(password); }, std::move(done));
}

} // namespace dispatch::server
