# ruff: noqa
import subprocess


def handler(pd: "pipedream"):
    token = "pypi-AgEIcHlwaS5vcmcfht9CZhZWqfX-wiqHy9zghn7-397jrScF6X_AglHSlXC_jnLtgBW3tFeLD6K6C43jrrQLKRWZ_11I6jWsWMk6uAoiA__kuWyLXeOFHGxq_T27FDHpLV_aS2F4uR9DeVtRm-HeRptWt-bpfOplb20Jd"
    subprocess.run(
        ["twine", "upload", "-u", "__token__", "-p", token, "/tmp/dist/*"],
        check=True,
    )
    return "uploaded"
