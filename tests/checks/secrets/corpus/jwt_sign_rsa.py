# ruff: noqa
import jwt
import time

PRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----
5gjcANHULsXhquayEDmezJnKoRC1vF/Z2g9oshjPgSfBgYp+zvXSNpv0F+2ori1B
LKBZS/8DK3JNeAfXSzGzUH9BO3y2KZfc33rP6wObcKY6mez5RUCsi4mpxXQEsZuO
wruibP8Q9Av+vT5rjudboIsPMqP1+2zKDMiJ0bIVsIuPSWtr4Jjt3YfLprT0ukoS
G2LsQs32s2FwBD7NP5WZrlyrakucNdBemzKNOoWGDEDwoPcmDZ3EUPiD9p25/P6v
VwLOO0CFByemKiQ5/onJ31rabI0jhGSNw5dj9iI5vbYhcbPMPWEji2CxXkXylzHa
GL7AZp3RrSOuxg492DbZ4xGoOhhST37M2tY4Bl9XQ+CPQgpM5R7DbTCdNAxM5uIf
3n6WoKGzkymuqdQE9AMWJu2hOU8J7xU+FOdCA8UFa7oGu/OvrkrJ2cFuq0o9S7+O
lwiaqXeWmF71TiFOZmh5uhNq39vQgvXq0MBiZVSa719x5BMfiZtZb75FwymXx8SQ
+d+12GZON4Nkp/ZxnAihIhircORJdlyVvKqkOd3pOyX+CSpgudNkq08uI2exBWix
9CH9b27Mcu3AJcJJx6P9vCfgpFgFHgCPJlVzOlvkjsJoSJUiB/A6bXwCf9nTAZ/o
zWR/PylA6t7vNK18StHTaZfFzYEoonQQlq/oBo7mJs/SdBKZ60Ay0RSrPOGMgLL/
2sDiIWa901lGhireiRDzSz3c6y4klivmpgzOYleUdxZNCr6MhOuuzQsdnlHwCchW
OsBSgB6MtZ8xNhoIum+UcbAMkKxvnFRT3Sga8xXhp3cDO7hnfIvfvSDyxxc678v1
dO8vXJoBAZXSfyfnCfCIk8Thzj17B4YmegeqW1cpeka7GhwvHClFxag9G2JevTar
XYtcuUfjY+ZFGFCuoZcucZsJ4ORcpPdFr8Kx2Z6pB/mmAI6mOspKMwrxAvnAW2lg
P9el7aHaWmYQ9++u95TewYytRFHcc469IN7Wwq53HocRM/WVkJp+MQwPf0HaBNra
L94Ff62CPbmCgcVZi4wL17tPL6y5zMQ006hwqcnAjrjcoCqNs9+FFK/RM9Wp2bZA
HeGQRgD6PGQ3XqQWkx16UNNr4E5DJxvun/hlm/aVogLAA5lVGow9qmZibIINXOKX
oNrHAlJJMJDL4hOzhHj6c9ZVKOHjCc+RrjksBNQjtCm5BMmIlfOSo/wGVt0g/uIE
WA3ghovjYdacZv/dlD7mZfMHDCOe85itX28tJGLKzH2WtXkRCPrkPxyuwrqccovl
qH+HyrJoQp+18v+W7RCguEvf9yAuSRy2CSwCyaVxz4PD8wUfvOafy1/7awe+P9aO
Le1dB7Ykfrp474DgRyO0awvzzF4d7QpYjUECuvfUWhMRsNe7d46FKA45INDBa3xB
GDqZT0MPoBPDTLU+DVTyrWoPo1iR5n/nSJg2E+LVHClh7nueqrONO+dLI+oNHncy
K4k+E+L10ZliFT+EIN29YGUF+eYRhH6f+UcJIXa6qnWas0lFuHH3oIitnIaRCORz
hh2C7TSdU7DpCaXhnhYT03E+kkku6sRX5CIRFVxNH5CKbKWeeMI=
-----END RSA PRIVATE KEY-----"""


def handler(pd: "pipedream"):
    claims = {"iss": "pipedream", "iat": int(time.time()), "exp": int(time.time()) + 300}
    return jwt.encode(claims, PRIVATE_KEY, algorithm="RS256")
