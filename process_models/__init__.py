"""Pure process physics of dry (and wet reference) electrode manufacturing.

numpy in, numpy out: no SimPy, no I/O. One module per physical topic:

- :mod:`process_models.materials`     cited property sets
- :mod:`process_models.environment`   psychrometrics, moisture uptake, capacity loss
- :mod:`process_models.mixing`        homogeneity, capillary cohesion, premature fibrillation
- :mod:`process_models.fibrillation`  PTFE degree of fibrillation, film strength
- :mod:`process_models.calendering`   porosity vs line load, thickness, springback, web stress
- :mod:`process_models.lamination`    adhesion of film to foil
- :mod:`process_models.variability`   loading fluctuation along the web, gauge noise
"""
